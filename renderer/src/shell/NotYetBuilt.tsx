import { NonIdealState } from '@blueprintjs/core';
import type { IconName } from '@blueprintjs/core';

/** An honest placeholder for a screen another part of Frontdesk will provide. */
export function NotYetBuilt({ title, icon, providedBy, testId }: { title: string; icon: IconName; providedBy: string; testId: string }) {
  return (
    <div className="fd-screen" data-testid={testId}>
      <NonIdealState
        icon={icon}
        title={`${title} is not available yet`}
        description={`This screen arrives with the ${providedBy}. Nothing here is connected yet.`}
      />
    </div>
  );
}
