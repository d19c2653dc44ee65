/** The variables a template may use; clicking one inserts it at the cursor of the field last edited. */
import { Button, H5, Intent, Tooltip } from '@blueprintjs/core';

export interface PaletteVariable {
  /** Liquid expression without braces, e.g. `patient.firstName`. */
  name: string;
  description?: string;
  /** Clinical detail the minimum-necessary rule warns about on SMS, WhatsApp and voice. */
  sensitive?: boolean;
  /** Optional filter suggestion, e.g. `date: "%a %b %e, %l:%M %p"`. */
  filter?: string;
}

function groupOf(name: string): string {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : 'other';
}

export function VariablesPalette({ variables, onInsert, disabled }: { variables: readonly PaletteVariable[]; onInsert(snippet: string): void; disabled?: boolean }) {
  const groups = new Map<string, PaletteVariable[]>();
  for (const v of variables) {
    const g = groupOf(v.name);
    groups.set(g, [...(groups.get(g) ?? []), v]);
  }
  return (
    <div data-testid="variables-palette">
      <H5>Variables</H5>
      {variables.length === 0 && <p className="fd-muted">No variables are available.</p>}
      {[...groups.entries()].map(([group, vars]) => (
        <div key={group} className="fd-palette-group">
          <div className="fd-muted" style={{ textTransform: 'capitalize', marginBottom: 4 }}>
            {group}
          </div>
          <div className="fd-palette">
            {vars.map((v) => {
              const snippet = v.filter ? `{{ ${v.name} | ${v.filter} }}` : `{{ ${v.name} }}`;
              return (
                <Tooltip key={v.name} content={`${v.description ?? v.name}${v.sensitive ? ' — sensitive: avoid on SMS, WhatsApp and voice' : ''}`}>
                  <Button
                    size="small"
                    variant="outlined"
                    intent={v.sensitive ? Intent.WARNING : Intent.NONE}
                    text={v.name}
                    disabled={disabled}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => onInsert(snippet)}
                    data-testid={`var-${v.name}`}
                  />
                </Tooltip>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
