import { describe, expect, it } from 'vitest';
import { groupKeyOf, groupLabelsOf, RouteTree } from './route-tree.ts';
import { parseRoutingConfig } from './routing-config.ts';
import { AM_DOCS_EXAMPLE, AM_DOCS_RECEIVERS } from './test-fixtures.ts';


describe('RouteTree on the Alertmanager docs example', () => {
  const tree = new RouteTree(parseRoutingConfig(AM_DOCS_EXAMPLE, { receivers: AM_DOCS_RECEIVERS }).route);
  const receiversOf = (labels: Record<string, string>): string[] => tree.match(labels).map((r) => r.receiver);

  it('sends each label set where the docs say', () => {
    expect(receiversOf({ service: 'mysql', alertname: 'DiskFull' })).toEqual(['database-pager']);
    expect(receiversOf({ service: 'cassandra' })).toEqual(['database-pager']);
    expect(receiversOf({ team: 'frontend', product: 'shop' })).toEqual(['frontend-pager']);
    // `continue` on dev-pager: the alert also reaches the next sibling.
    expect(receiversOf({ service: 'inhouse-service' })).toEqual(['dev-pager', 'on-call-pager']);
    // No child matches: the root itself handles it.
    expect(receiversOf({ service: 'postgres' })).toEqual(['default-receiver']);
    // The first matching child without continue ends the search.
    expect(receiversOf({ service: 'mysql', team: 'frontend' })).toEqual(['database-pager']);
    // mysql-replica does not match the anchored regex mysql|cassandra.
    expect(receiversOf({ service: 'mysql-replica' })).toEqual(['default-receiver']);
  });

  it("gives routes Alertmanager's ids and inherited grouping", () => {
    expect(tree.all().map((r) => r.id)).toEqual([
      '{}',
      '{}/{service=~"mysql|cassandra"}/0',
      '{}/{team="frontend"}/1',
      '{}/{service="inhouse-service"}/2',
      '{}/{service="inhouse-service"}/3',
    ]);
    const [db] = tree.match({ service: 'mysql', cluster: 'eu', alertname: 'DiskFull', instance: 'a' });
    expect(db!.groupWaitMs).toBe(10_000);
    const groupLabels = groupLabelsOf(db!, { service: 'mysql', cluster: 'eu', alertname: 'DiskFull', instance: 'a' });
    expect(groupLabels).toEqual({ alertname: 'DiskFull', cluster: 'eu' });
    expect(groupKeyOf(db!, groupLabels)).toBe('{}/{service=~"mysql|cassandra"}/0:{alertname="DiskFull", cluster="eu"}');
    const [frontend] = tree.match({ team: 'frontend', product: 'shop' });
    expect(groupLabelsOf(frontend!, { team: 'frontend', product: 'shop', cluster: 'eu' })).toEqual({ product: 'shop' });
  });

  it("groups by every label with ['...']", () => {
    const all = new RouteTree(parseRoutingConfig({ route: { receiver: 'r', group_by: ['...'] } }, { receivers: ['r'] }).route);
    const [root] = all.match({ a: '1', b: '2' });
    expect(groupLabelsOf(root!, { b: '2', a: '1' })).toEqual({ a: '1', b: '2' });
  });
});
