/**
 * Blueprint's Tag look without its per-render text measurement (Tag wraps its text in <Text>,
 * which reads scrollWidth in a layout effect and forces a layout for every tag mounted). The
 * virtualised rows mount tags on every scroll frame, opening a conversation mounts the header's,
 * the context panel's and the composer's (whose counter re-renders on every key), so they all
 * use this instead.
 */
import { Classes, type IconName, type Intent } from '@blueprintjs/core';
import { forwardRef, type HTMLAttributes, type ReactNode } from 'react';
import { LightIcon } from './LightIcon';

interface Props extends HTMLAttributes<HTMLSpanElement> {
  intent?: Intent;
  minimal?: boolean;
  round?: boolean;
  icon?: IconName;
  children?: ReactNode;
  'data-testid'?: string;
}

export const LightTag = forwardRef<HTMLSpanElement, Props>(function LightTag({ intent, minimal = true, round = false, icon, className, children, ...rest }, ref) {
  const classes = [Classes.TAG, Classes.intentClass(intent), minimal ? Classes.MINIMAL : '', round ? Classes.ROUND : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <span ref={ref} className={classes} {...rest}>
      {icon && <LightIcon icon={icon} size={12} />}
      <span className={`${Classes.TEXT_OVERFLOW_ELLIPSIS} ${Classes.FILL}`}>{children}</span>
    </span>
  );
});
