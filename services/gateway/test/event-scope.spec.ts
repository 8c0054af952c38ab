import { pathWithin } from '@yiwang/platform';
import { subjectMatches, visibleTo } from '../src/events/event-scope.js';
import { signatureHeader, verifySignature } from '../src/webhooks/webhook-signature.js';
import { matches } from '../src/webhooks/webhook-fanout.consumer.js';
import type { WebhookSubscriptionEntity } from '../src/webhooks/webhook.entity.js';

const event = (unitPath: string[], departmentCode: string | null, category = 'street_light') => ({
  unitPath,
  departmentCode,
  category,
});
const street = ['44', '4401', '440106', '440106001'];

describe('event scope', () => {
  it('matches a unit subtree on whole path segments only', () => {
    expect(pathWithin('44.4401.440106.440106001', '44.4401.440106')).toBe(true);
    expect(pathWithin('44.4401.440106', '44.4401.440106')).toBe(true);
    expect(pathWithin('44.4401.4401061', '44.4401.440106')).toBe(false);
    expect(pathWithin('44.4401.440105', '44.4401.440106')).toBe(false);
    expect(pathWithin('44.4401.440105', null)).toBe(true);
  });

  it('shows a departmental caller only its department’s cases, inside its subtree', () => {
    const handler = { scopePath: '44.4401.440106', department: 'UM' };
    expect(visibleTo(handler, event(street, 'UM'))).toBe(true);
    expect(visibleTo(handler, event(street, 'POLICE'))).toBe(false);
    expect(visibleTo(handler, event(street, null))).toBe(false);
    expect(visibleTo(handler, event(['44', '4401', '440105'], 'UM'))).toBe(false);
    expect(visibleTo({ scopePath: '44.4401.440106', department: null }, event(street, 'POLICE'))).toBe(true);
  });

  it('matches event types exactly or by the domain wildcard', () => {
    expect(subjectMatches('case.v1.*', 'case.v1.dispatched')).toBe(true);
    expect(subjectMatches('case.v1.*', 'case.v1.deadline-warning')).toBe(true);
    expect(subjectMatches('case.v1.dispatched', 'case.v1.dispatched')).toBe(true);
    expect(subjectMatches('case.v1.dispatched', 'case.v1.accepted')).toBe(false);
    expect(subjectMatches('case.v1.*', 'case.v2.dispatched')).toBe(false);
  });
});

describe('webhook subscriptions', () => {
  const subscription = (overrides: Partial<WebhookSubscriptionEntity>) =>
    ({
      eventTypes: ['case.v1.*'],
      ownerScopePath: '44.4401.440106',
      ownerDepartment: 'UM',
      filterDepartment: null,
      filterCategories: null,
      filterUnit: null,
      ...overrides,
    }) as WebhookSubscriptionEntity;

  it('never reach beyond the owner’s scope, whatever the filter', () => {
    const wide = subscription({ filterUnit: '44', filterDepartment: 'POLICE' });
    expect(matches(wide, 'case.v1.dispatched', event(street, 'POLICE'))).toBe(false);
    expect(matches(subscription({}), 'case.v1.dispatched', event(['44', '4401', '440105'], 'UM'))).toBe(
      false,
    );
    expect(matches(subscription({}), 'case.v1.dispatched', event(street, 'UM'))).toBe(true);
  });

  it('narrow by unit subtree, category and type', () => {
    const narrow = subscription({
      eventTypes: ['case.v1.dispatched'],
      filterUnit: '440106001',
      filterCategories: ['street_light'],
    });
    expect(matches(narrow, 'case.v1.dispatched', event([...street, '440106001002'], 'UM'))).toBe(true);
    expect(matches(narrow, 'case.v1.accepted', event(street, 'UM'))).toBe(false);
    expect(matches(narrow, 'case.v1.dispatched', event(['44', '4401', '440106', '440106002'], 'UM'))).toBe(
      false,
    );
    expect(matches(narrow, 'case.v1.dispatched', event(street, 'UM', 'noise'))).toBe(false);
  });

  it('sign so that only the same secret, body and a fresh timestamp verify', () => {
    const now = 1_800_000_000;
    const header = signatureHeader('whsec_x', now, '{"a":1}');
    expect(verifySignature('whsec_x', '{"a":1}', header, { now })).toBe(true);
    expect(verifySignature('whsec_x', '{"a":2}', header, { now })).toBe(false);
    expect(verifySignature('whsec_y', '{"a":1}', header, { now })).toBe(false);
    expect(verifySignature('whsec_x', '{"a":1}', header, { now: now + 301 })).toBe(false);
    expect(verifySignature('whsec_x', '{"a":1}', 'garbage', { now })).toBe(false);
  });
});
