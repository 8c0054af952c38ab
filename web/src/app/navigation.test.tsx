// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { visibleNavigation } from './navigation';

const menu = (...permissions: string[]) =>
  visibleNavigation((p) => permissions.includes(p)).map((item) => item.path);

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

  it('keeps the places for the party, volunteer and funding modules', () => {
    const planned = visibleNavigation(() => true).filter((i) => i.planned);
    expect(planned.map((i) => i.path)).toEqual(['/party', '/volunteers', '/funding']);
  });
});
