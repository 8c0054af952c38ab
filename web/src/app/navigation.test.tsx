// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { visibleNavigation } from './navigation';

const menu = (...permissions: string[]) =>
  visibleNavigation((p) => permissions.includes(p), ['grid_worker']).map((item) => item.path);

describe('navigation', () => {
  it('follows the permissions of the roles', () => {
    // grid_worker: registry:read, case:read, case:report
    expect(menu('registry:read', 'case:read', 'case:report')).toEqual([
      '/',
      '/dispatch',
      '/registry',
      '/party',
      '/volunteers',
    ]);
    // department_handler: cases only
    expect(menu('case:read', 'case:accept')).toEqual(['/', '/dispatch']);
    expect(menu()).toEqual([]);
  });

  it('gives the dashboard its own item except to those who land on it', () => {
    const all = (roles: string[]) =>
      visibleNavigation(() => true, roles).map((item) => `${item.path} ${item.label}`);
    expect(all(['supervisor']).slice(0, 2)).toEqual(['/ nav.home', '/dashboard nav.dashboard']);
    expect(all(['district_admin']).slice(0, 2)).toEqual(['/ nav.dashboard', '/dispatch nav.dispatch']);
  });

  it('keeps the places for the party, volunteer and funding modules', () => {
    const planned = visibleNavigation(() => true).filter((i) => i.planned);
    expect(planned.map((i) => i.path)).toEqual(['/party', '/volunteers', '/funding']);
  });
});
