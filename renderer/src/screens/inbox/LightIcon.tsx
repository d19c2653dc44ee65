/**
 * Blueprint's 16 px icon markup (the same span, classes and SVG its <Icon> renders) drawn straight
 * from the paths already in Blueprint's cache (lib/icons.ts puts them there before the first
 * render). Blueprint's <Icon> is two components with a state and an effect each, and a thread's
 * rows draw several icons apiece, on every first open and every scroll frame. An icon whose paths
 * are not cached (or a larger size) falls back to Blueprint's own.
 */
import { Classes, Icon, type IconName, type Intent } from '@blueprintjs/core';
import { Icons, IconSize } from '@blueprintjs/icons';

interface Props {
  icon: IconName;
  size?: number;
  /** An SVG <title>, as Blueprint renders `title`; the icon is then not aria-hidden. */
  title?: string;
  intent?: Intent;
  className?: string;
}

export function LightIcon({ icon, size = IconSize.STANDARD, title, intent, className }: Props) {
  const paths = size < IconSize.LARGE ? Icons.getPaths(icon, IconSize.STANDARD) : undefined;
  if (!paths) return <Icon icon={icon} size={size} title={title} intent={intent} className={className} />;
  const classes = [Classes.ICON, `${Classes.ICON}-${icon}`, Classes.intentClass(intent), className].filter(Boolean).join(' ');
  return (
    <span aria-hidden={title ? undefined : true} className={classes}>
      <svg data-icon={icon} height={size} role="img" viewBox="0 0 16 16" width={size}>
        {title && <title>{title}</title>}
        {paths.map((d) => (
          <path key={d} d={d} fillRule="evenodd" />
        ))}
      </svg>
    </span>
  );
}
