import { Result } from 'antd';
import { Component, type ReactNode } from 'react';

/** A page that throws while rendering shows an error there, not a blank application. */
export class ErrorBoundary extends Component<
  { title: string; children: ReactNode },
  { error: Error | null }
> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error)
      return <Result status="error" title={this.props.title} subTitle={this.state.error.message} />;
    return this.props.children;
  }
}
