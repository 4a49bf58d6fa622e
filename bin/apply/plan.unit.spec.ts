import { ApplyRefused, nothingToDo, planApply, snapshotSignal, type ApplyState } from './plan.js';

const running = {
  'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
  'database.password': '${file:/srv/sluice/secrets.properties:database.password}',
  'table.include.list': 'public.orders,public.sluice_heartbeat',
};
const base: ApplyState = {
  desired: ['orders', 'sluice_heartbeat', 'sluice_signal'],
  own: ['sluice_heartbeat', 'sluice_signal'],
  existing: ['orders', 'sluice_heartbeat', 'sluice_signal', 'reviews'],
  publication: ['orders', 'sluice_heartbeat', 'sluice_signal'],
  connector: { ...running, 'table.include.list': 'public.orders,public.sluice_heartbeat,public.sluice_signal', 'signal.data.collection': 'public.sluice_signal' },
  settings: { 'table.include.list': 'public.orders,public.sluice_heartbeat,public.sluice_signal', 'signal.data.collection': 'public.sluice_signal' },
  missingAliases: [],
  missingGrants: {},
};

describe('planning `sluice apply`', () => {
  it('changes nothing when the system already matches the declarations', () => {
    const plan = planApply(base);
    expect(nothingToDo(plan)).toBe(true);
  });

  it('adds a new projection table to the publication and the include list, backfills it, restarts the apps in order', () => {
    const list = 'public.orders,public.reviews,public.sluice_heartbeat,public.sluice_signal';
    const plan = planApply({ ...base, desired: ['orders', 'reviews', 'sluice_heartbeat', 'sluice_signal'], settings: { ...base.settings, 'table.include.list': list }, missingAliases: ['reviews'], missingGrants: { reviews: ['sluice_debezium'] } });
    expect(plan.publication).toEqual({ tables: ['orders', 'reviews', 'sluice_heartbeat', 'sluice_signal'], added: ['reviews'], dropped: [] });
    expect(plan.connector?.changed).toEqual(['table.include.list']);
    expect(plan.backfill).toEqual(['reviews']);
    expect(plan.grants).toEqual([{ table: 'reviews', roles: ['sluice_debezium'] }]);
    expect(plan.restart).toEqual(['projector', 'query-api', 'ops']);
  });

  it('keeps the running connector\'s secrets reference and adds the signal settings, without backfilling Sluice\'s own tables', () => {
    const plan = planApply({ ...base, connector: running, publication: ['orders', 'sluice_heartbeat'] });
    expect(plan.connector?.config['database.password']).toBe(running['database.password']);
    expect(plan.connector?.changed).toEqual(['table.include.list', 'signal.data.collection']);
    expect(plan.backfill).toEqual([]);
    expect(plan.publication?.added).toEqual(['sluice_signal']);
  });

  it('drops a table no declaration reads any more, with nothing to backfill', () => {
    const plan = planApply({ ...base, publication: [...base.publication, 'reviews'], connector: { ...base.connector, 'table.include.list': 'public.orders,public.reviews,public.sluice_heartbeat,public.sluice_signal' } });
    expect(plan.publication?.dropped).toEqual(['reviews']);
    expect(plan.backfill).toEqual([]);
  });

  it('refuses a declaration over a table that does not exist, and a missing connector', () => {
    expect(() => planApply({ ...base, desired: [...base.desired, 'ghosts'] })).toThrow(ApplyRefused);
    expect(() => planApply({ ...base, connector: undefined })).toThrow(/sluice setup/);
  });

  it('spells the execute-snapshot signal as Debezium expects it', () => {
    expect(snapshotSignal('s1', 'reviews')).toEqual({ id: 's1', type: 'execute-snapshot', data: '{"data-collections":["public.reviews"],"type":"incremental"}' });
  });
});
