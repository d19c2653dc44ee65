/**
 * Keeps one broken screen from taking the whole app down: the error shows in place of the screen,
 * with a way to try again, while the navigation keeps working.
 */
import { Button, Callout, Intent } from '@blueprintjs/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  screen: string;
  children: ReactNode;
  onError?(error: Error, info: ErrorInfo): void;
}

interface State {
  error: Error | null;
}

export class ScreenErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.props.onError?.(error, info);
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.screen !== this.props.screen && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="fd-screen" data-testid="screen-error">
        <Callout intent={Intent.DANGER} title="This screen stopped working" icon="error">
          <p>{this.state.error.message}</p>
          <p>Other screens still work. Your data is safe: nothing is lost when a screen fails to show.</p>
          <Button text="Try again" icon="refresh" onClick={() => this.setState({ error: null })} data-testid="screen-error-retry" />
        </Callout>
      </div>
    );
  }
}
