// kafkajs is unmaintained since 2023: it is created here and used only by this folder, behind the ports in
// projector/ports.ts, so that another client can replace it without touching the stages.
import { Kafka, logLevel } from 'kafkajs';

export type KafkaClient = Kafka;

export const createKafkaClient = (brokers: readonly string[], clientId = 'sluice-projector'): KafkaClient =>
  new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.ERROR, retry: { retries: 8, initialRetryTime: 200 } });
