/**
 * Blueprint's button look (the same <button>, classes, icon and text span) without its parts:
 * Blueprint's Button wraps its text in <Text>, which sets state from a layout effect, so every
 * button mounted renders twice before the frame paints; its icon is two more components. The
 * thread's rows (a held message's actions, the older-messages band) and the conversation's
 * header mount on a first open, so they use this. Dialogs and forms keep Blueprint's.
 */
import { Classes, type IconName, type Intent } from '@blueprintjs/core';
import type { ButtonHTMLAttributes } from 'react';
import { LightIcon } from './LightIcon';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  icon?: IconName;
  text?: string;
  intent?: Intent;
  small?: boolean;
  minimal?: boolean;
  'data-testid'?: string;
}

export function LightButton({ icon, text, intent, small = false, minimal = false, disabled = false, className, ...rest }: Props) {
  const classes = [Classes.BUTTON, disabled ? Classes.DISABLED : '', Classes.intentClass(intent), small ? Classes.SMALL : '', minimal ? Classes.MINIMAL : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type="button" className={classes} disabled={disabled} {...rest}>
      {icon && <LightIcon icon={icon} />}
      {text && <span className={Classes.BUTTON_TEXT}>{text}</span>}
    </button>
  );
}
