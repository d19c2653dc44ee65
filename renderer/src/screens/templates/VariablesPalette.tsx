/** The variables a template may use; clicking one inserts it at the cursor of the field last edited. */
import { Button, H5, Intent, Tooltip } from '@blueprintjs/core';
import type { TemplateVariable } from '../../../../shared/templates/variables';

/** Variables whose raw value is a timestamp get the date filter when inserted. */
const FILTER_FOR: Record<string, string> = { 'appointment.start': 'date: "%a %b %-d, %-l:%M %p"' };

function groupOf(name: string): string {
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(0, dot) : 'other';
}

export function VariablesPalette({ variables, onInsert, disabled }: { variables: readonly TemplateVariable[]; onInsert(snippet: string): void; disabled?: boolean }) {
  const groups = new Map<string, TemplateVariable[]>();
  for (const v of variables) {
    const g = groupOf(v.path);
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
              const filter = FILTER_FOR[v.path];
              const snippet = filter ? `{{ ${v.path} | ${filter} }}` : `{{ ${v.path} }}`;
              return (
                <Tooltip key={v.path} content={`${v.description}${v.sensitive ? ' Sensitive: avoid on SMS, WhatsApp and voice.' : ''}`}>
                  <Button
                    size="small"
                    variant="outlined"
                    intent={v.sensitive ? Intent.WARNING : Intent.NONE}
                    text={v.label}
                    disabled={disabled}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => onInsert(snippet)}
                    data-testid={`var-${v.path}`}
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
