// kafkajs is unmaintained since 2023: it is created here and used only by this folder, behind the ports in
// projector/ports.ts, so that another client can replace it without touching the stages.
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaSasl } from '../../../lib/kafkaSasl.js';

export type KafkaClient = Kafka;

/** `sasl`: the principal this client authenticates as (lib/kafkaSasl.ts); undefined for a broker without SASL. */
export const createKafkaClient = (brokers: readonly string[], clientId = 'sluice-projector', sasl?: KafkaSasl): KafkaClient =>
  new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.ERROR, retry: { retries: 8, initialRetryTime: 200 }, ...(sasl ? { sasl } : {}) });
