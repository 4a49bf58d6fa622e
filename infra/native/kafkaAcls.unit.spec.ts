// The ACL table as data: who may create, write and read what (the broker's refusals are in kafkaSecurity.int.spec.ts).
import { KAFKA_PRINCIPALS } from '../../lib/kafkaSasl.js';
import { kafkaAcls, type AclOperation } from './kafkaAcls.js';
import { securityProperties } from './kafkaSecurity.js';

const grants = kafkaAcls();
const of = (principal: string, operation: AclOperation) =>
  grants.filter((g) => g.principal === `User:${principal}` && g.operations.includes(operation)).map((g) => `${g.resource}:${g.pattern}:${g.name}`);

describe('kafkaAcls', () => {
  it('lets each principal create only the topics it owns', () => {
    expect(of(KAFKA_PRINCIPALS.projector, 'create')).toEqual(['topic:prefixed:sluice.dirty.', 'topic:literal:sluice.dlq']);
    expect(of(KAFKA_PRINCIPALS.connect, 'create')).toEqual(expect.arrayContaining(['topic:prefixed:sluice.public.', 'topic:prefixed:sluice.events.', 'topic:literal:sluice-connect-configs']));
    expect(of(KAFKA_PRINCIPALS.ops, 'create')).toEqual([]);
  });

  it('gives the projector read on changes and events, write only on its own topics; ops neither', () => {
    expect(of(KAFKA_PRINCIPALS.projector, 'write')).toEqual(['topic:prefixed:sluice.dirty.', 'topic:literal:sluice.dlq']);
    expect(of(KAFKA_PRINCIPALS.projector, 'read')).toEqual(expect.arrayContaining(['topic:prefixed:sluice.public.', 'topic:prefixed:sluice.events.', 'group:prefixed:sluice-projector-']));
    expect([...of(KAFKA_PRINCIPALS.ops, 'read'), ...of(KAFKA_PRINCIPALS.ops, 'write')]).toEqual([]);
  });

  it('names nothing for the admin, which is a super user, and follows the prefixes it is given', () => {
    expect(grants.some((g) => g.principal === `User:${KAFKA_PRINCIPALS.admin}`)).toBe(false);
    expect(kafkaAcls('shop', 'shop-projector').map((g) => g.name)).toEqual(expect.arrayContaining(['shop.public.', 'shop.dirty.', 'shop.dlq', 'shop-projector-']));
  });
});

describe('securityProperties', () => {
  const props = securityProperties({ controller: 'c', users: { [KAFKA_PRINCIPALS.admin]: 'a' } });
  it('denies what no ACL allows, creates no topic on its own, and names only the admin and the controller super users', () => {
    expect(props).toEqual(expect.arrayContaining(['allow.everyone.if.no.acl.found=false', 'auto.create.topics.enable=false', 'super.users=User:sluice-admin;User:sluice-controller']));
    expect(props).toContain('listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT');
  });
});
