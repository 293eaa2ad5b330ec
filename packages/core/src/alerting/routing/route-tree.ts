import type { Labels } from '../alert.ts';
import { formatMatchers, matchesAll } from './matchers.ts';
import type { RouteConfig } from './routing-config.ts';

/** A route of the tree with its stable id; the config's children become RouteNodes too. */
export interface RouteNode extends Omit<RouteConfig, 'routes'> {
  /**
   * Alertmanager's Route.ID(): the matchers of each ancestor and the index among siblings,
   * e.g. `{}/{severity="critical"}/0`. It names the route in group keys, so it survives restarts
   * as long as the tree is not reordered.
   */
  readonly id: string;
  readonly routes: readonly RouteNode[];
}

export class RouteTree {
  readonly root: RouteNode;

  constructor(root: RouteConfig) {
    this.root = buildNode(root, formatMatchers(root.matchers));
  }

  /**
   * The routes an alert goes to (dispatch/route.go Route.Match): depth-first, left to right;
   * the first matching child ends the search among its siblings unless it has `continue`;
   * a node none of whose children match is itself the match.
   */
  match(labels: Labels): RouteNode[] {
    return matchNode(this.root, labels) ?? [];
  }

  /** Every route, parents before children. */
  all(): RouteNode[] {
    const out: RouteNode[] = [];
    const visit = (node: RouteNode): void => {
      out.push(node);
      node.routes.forEach(visit);
    };
    visit(this.root);
    return out;
  }
}

function buildNode(config: RouteConfig, id: string): RouteNode {
  const routes = config.routes.map((child, i) => buildNode(child, `${id}/${formatMatchers(child.matchers)}/${i}`));
  return { ...config, id, routes };
}

function matchNode(node: RouteNode, labels: Labels): RouteNode[] | null {
  if (!matchesAll(node.matchers, labels)) return null;
  const all: RouteNode[] = [];
  for (const child of node.routes) {
    const matches = matchNode(child, labels);
    if (matches) all.push(...matches);
    if (matches && !child.continue) break;
  }
  return all.length > 0 ? all : [node];
}

/** The alert's values of the route's `group_by` labels (all its labels for `['...']`); absent labels are left out, as in Alertmanager. */
export function groupLabelsOf(route: RouteNode, labels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    if (route.groupByAll || route.groupBy.includes(name)) out[name] = labels[name]!;
  }
  return out;
}

/** `{alertname="drift", model_id="fraud"}`: sorted, as Alertmanager prints a label set. */
export function formatLabels(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`)
    .join(', ')}}`;
}

/** The aggregation group's key: route id and group labels (AM uses routeKey:labels; the id adds the sibling index so two identical siblings differ). */
export function groupKeyOf(route: RouteNode, groupLabels: Labels): string {
  return `${route.id}:${formatLabels(groupLabels)}`;
}
