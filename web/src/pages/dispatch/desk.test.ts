// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { listQuery, readDeskQuery, writeDeskQuery } from './desk-query';
import { photoPhase, photoProblem } from './photos';

describe('the desk state in the URL', () => {
  it('reads back what it wrote: worklist, filters, search, sort and the pages visited', () => {
    const state = readDeskQuery(
      new URLSearchParams(
        'list=toAccept&category=street_light&q=路灯&sort=oldest&pages=abc_1.de-F2&overdue=true',
      ),
    );
    expect(state).toEqual({
      worklist: 'toAccept',
      state: undefined,
      category: 'street_light',
      channel: undefined,
      unit: undefined,
      overdue: true,
      q: '路灯',
      sort: 'oldest',
      cursors: ['abc_1', 'de-F2'],
    });
    expect(readDeskQuery(writeDeskQuery(state))).toEqual(state);
  });

  it('sorts a worklist by time left and the whole list newest first unless told, ignoring junk', () => {
    expect(readDeskQuery(new URLSearchParams('list=alert')).sort).toBe('deadline');
    expect(readDeskQuery(new URLSearchParams('list=nope&sort=sideways')).worklist).toBe('all');
    expect(readDeskQuery(new URLSearchParams('list=nope&sort=sideways')).sort).toBe('newest');
    expect(writeDeskQuery(readDeskQuery(new URLSearchParams('list=alert'))).toString()).toBe('list=alert');
  });

  it('asks the server for each worklist with its own filter and the total', () => {
    const base = readDeskQuery(new URLSearchParams('list=toAccept'));
    expect(listQuery(base, '440106-urban_management')).toMatchObject({
      state: 'dispatched',
      department: '440106-urban_management',
      sort: 'deadline',
      withTotal: 'true',
    });
    expect(listQuery({ ...base, worklist: 'alert' }, null)).toMatchObject({
      open: 'true',
      alert: 'overdue_or_warning',
    });
    expect(listQuery({ ...base, worklist: 'supervised' }, null)).toMatchObject({ supervised: 'true' });
  });
});

describe('photos', () => {
  const timeline = [
    { toState: 'reported', occurredAt: '2026-01-01T08:00:00Z' },
    { toState: 'in_progress', occurredAt: '2026-01-01T10:00:00Z' },
  ];
  it('counts a photo from before work started as before, from then on as after', () => {
    expect(photoPhase({ createdAt: '2026-01-01T09:59:59Z' }, timeline)).toBe('before');
    expect(photoPhase({ createdAt: '2026-01-01T10:00:00Z' }, timeline)).toBe('after');
    expect(photoPhase({ createdAt: '2026-01-02T00:00:00Z' }, timeline.slice(0, 1))).toBe('before');
  });
  it('refuses other types and files over 10 MiB', () => {
    expect(photoProblem({ type: 'image/jpeg', size: 10 * 1024 * 1024 })).toBeNull();
    expect(photoProblem({ type: 'image/jpeg', size: 10 * 1024 * 1024 + 1 })).toBe('photo.tooLarge');
    expect(photoProblem({ type: 'application/pdf', size: 10 })).toBe('photo.wrongType');
  });
});
