import { Card, Elevation, H2 } from '@blueprintjs/core';
import type { ReactNode } from 'react';

/** The centred card the first-run and sign-in forms sit on. */
export function AuthCard({ title, intro, children, testId }: { title: string; intro?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <div className="fd-auth-page">
      <Card elevation={Elevation.TWO} className="fd-auth-card" data-testid={testId}>
        <div className="fd-brand">Frontdesk</div>
        <H2>{title}</H2>
        {intro && <p className="fd-muted">{intro}</p>}
        {children}
      </Card>
    </div>
  );
}
