import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderApp } from '../../test/render';
import { LoginPage } from './LoginPage';

const identity = {
  subject: 'u1',
  roles: ['district_admin'],
  permissions: ['case:read', 'registry:read'],
  scopePath: '44.4401.440106',
  department: null,
  kind: 'user',
};

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function renderLogin() {
  return renderApp(
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/" element={<p>首页已打开</p>} />
    </Routes>,
    '/login',
  );
}

describe('login page', () => {
  it('says in Chinese what is missing, from the keyboard alone', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(404, {})),
    );
    renderLogin();
    const user = userEvent.setup();
    await user.click(screen.getByLabelText('用户名'));
    await user.keyboard('{Enter}');
    expect(await screen.findByText('请输入用户名')).toBeTruthy();
    expect(await screen.findByText('请输入密码')).toBeTruthy();
  });

  it('logs in with the built-in provider and goes to the dashboard', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/v1/auth/token') {
        expect(JSON.parse(init?.body as string)).toEqual({ username: 'district.admin', password: 'secret' });
        return jsonResponse(200, { access_token: 'h.e30.s', refresh_token: 'r'.repeat(30), expires_in: 900 });
      }
      if (url === '/api/v1/auth/me') return jsonResponse(200, identity);
      return jsonResponse(404, {});
    });
    vi.stubGlobal('fetch', fetchMock);
    renderLogin();
    const user = userEvent.setup();
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: ' district.admin ' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'secret' } });
    await user.click(screen.getByLabelText('密码'));
    await user.keyboard('{Enter}');
    expect(await screen.findByText('首页已打开')).toBeTruthy();
    expect(sessionStorage.getItem('yiwang.session')).toContain('h.e30.s');
  });

  it('shows a wrong password as such', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/v1/auth/token'
          ? jsonResponse(401, { code: 'auth.invalid_credentials', detail: 'no' })
          : jsonResponse(404, {}),
      ),
    );
    renderLogin();
    const user = userEvent.setup();
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'a' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'b' } });
    await user.click(screen.getByLabelText('密码'));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('用户名或密码错误'));
  });
});
