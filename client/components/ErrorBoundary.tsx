import { Component, type ReactNode } from 'react';
import { ErrorView } from './StateViews';

/** Keeps one broken page from blanking the app: shows the error with a retry that re-renders the page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  render() {
    if (this.state.error) return <ErrorView error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
