import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useCallback } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { useKeysetList } from '../lib/use-keyset';
import { renderApp } from '../../test/render';
import { PagedTable } from './PagedTable';

interface Row {
  id: string;
}

function Harness({
  fetchPage,
}: {
  fetchPage: (cursor: string | null) => Promise<{ items: Row[]; nextCursor: string | null }>;
}) {
  const stable = useCallback((cursor: string | null) => fetchPage(cursor), [fetchPage]);
  const list = useKeysetList(stable, []);
  return (
    <PagedTable<Row>
      list={list}
      rowKey="id"
      columns={[{ title: '编号', dataIndex: 'id' }]}
      exportName="rows"
      exportColumns={[{ title: '编号', value: (r) => r.id }]}
    />
  );
}

describe('paged table', () => {
  it('walks keyset pages forward and back', async () => {
    const pages: Record<string, { items: Row[]; nextCursor: string | null }> = {
      start: { items: [{ id: 'a1' }, { id: 'a2' }], nextCursor: 'p2' },
      p2: { items: [{ id: 'b1' }], nextCursor: null },
    };
    const fetchPage = vi.fn(async (cursor: string | null) => pages[cursor ?? 'start']);
    renderApp(<Harness fetchPage={fetchPage} />);
    expect(await screen.findByText('a2')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: '下一页' }));
    expect(await screen.findByText('b1')).toBeTruthy();
    expect(screen.getByText('第 2 页')).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '下一页' }).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: '上一页' }));
    expect(await screen.findByText('a1')).toBeTruthy();
    expect(fetchPage.mock.calls.map((c) => c[0])).toEqual([null, 'p2', null]);
  });

  it('shows a route that has not landed yet as an error with a retry', async () => {
    const fetchPage = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(404, 'route.not_found', 'Not Found'))
      .mockResolvedValueOnce({ items: [{ id: 'ok' }], nextCursor: null });
    renderApp(<Harness fetchPage={fetchPage} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('未找到，或该功能尚未开放'));
    await userEvent.setup().click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('ok')).toBeTruthy();
  });
});
