/**
 * The desk's list state (worklist, filters, title search, sort, the page's cursors) kept in the URL query, so
 * opening and closing a case's drawer, reloading or sharing the link shows the same page of the same list.
 */
export const WORKLISTS = ['all', 'toAccept', 'inHand', 'alert', 'supervised'] as const;
export type Worklist = (typeof WORKLISTS)[number];
export const SORTS = ['newest', 'oldest', 'deadline'] as const;
export type Sort = (typeof SORTS)[number];

export interface DeskQuery {
  worklist: Worklist;
  state?: string;
  category?: string;
  channel?: string;
  unit?: string;
  overdue?: boolean;
  q?: string;
  sort: Sort;
  /** The cursor of each page visited after the first (the first page has none). */
  cursors: string[];
}

/** States a case is in while a department works on it (办理中). */
export const IN_HAND_STATES = 'accepted,in_progress,suspended,returned';

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
const text = (value: string | null) => value?.trim() || undefined;

export function readDeskQuery(params: URLSearchParams): DeskQuery {
  const worklist = pick(params.get('list'), WORKLISTS, 'all');
  return {
    worklist,
    state: text(params.get('state')),
    category: text(params.get('category')),
    channel: text(params.get('channel')),
    unit: text(params.get('unit')),
    overdue: params.get('overdue') === 'true' || undefined,
    q: text(params.get('q')),
    // A worklist is worked through by time left unless the user chose another order.
    sort: pick(params.get('sort'), SORTS, worklist === 'all' ? 'newest' : 'deadline'),
    cursors: (params.get('pages') ?? '').split('.').filter((c) => /^[A-Za-z0-9_-]{1,1024}$/.test(c)),
  };
}

export function writeDeskQuery(query: DeskQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.worklist !== 'all') params.set('list', query.worklist);
  for (const name of ['state', 'category', 'channel', 'unit', 'q'] as const) {
    const value = query[name];
    if (value) params.set(name, value);
  }
  if (query.overdue) params.set('overdue', 'true');
  if (query.sort !== (query.worklist === 'all' ? 'newest' : 'deadline')) params.set('sort', query.sort);
  // Cursors are base64url: '.' never occurs in them.
  if (query.cursors.length) params.set('pages', query.cursors.join('.'));
  return params;
}

/**
 * The case list's query for the desk state: a worklist adds its server-side filter (department users see
 * only their department's cases already, by scope), the user's filters narrow it further.
 */
export function listQuery(
  query: DeskQuery,
  department: string | null,
): Record<string, string | number | undefined> {
  const worklist: Record<string, string | undefined> = {
    all: {},
    toAccept: { state: 'dispatched', department: department ?? undefined },
    inHand: { state: IN_HAND_STATES, department: department ?? undefined },
    alert: { open: 'true', alert: 'overdue_or_warning' },
    supervised: { open: 'true', supervised: 'true' },
  }[query.worklist];
  return {
    ...worklist,
    ...(query.state ? { state: query.state } : {}),
    category: query.category,
    channel: query.channel,
    unit: query.unit,
    overdue: query.overdue ? 'true' : undefined,
    q: query.q,
    sort: query.sort,
    withTotal: 'true',
  };
}
