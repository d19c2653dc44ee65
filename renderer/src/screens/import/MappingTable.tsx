/** The mapping step: which field each column feeds, how dates are read, with the first rows as a guide. */
import { HTMLSelect, HTMLTable } from '@blueprintjs/core';
import type { ColumnMapping, DateOrder, ImportField, ImportKind } from '../../../../shared/import/fields';
import { APPOINTMENT_FIELDS, FIELD_LABELS, PATIENT_FIELDS } from '../../../../shared/import/fields';

const DATE_ORDER_LABELS: Record<DateOrder, string> = {
  MDY: 'Month/day/year (03/14/2026 is March 14)',
  DMY: 'Day/month/year (14/03/2026 is March 14)',
  YMD: 'Year/month/day',
};

export function MappingTable(props: {
  headers: string[];
  rows: string[][];
  kind: ImportKind;
  mapping: ColumnMapping;
  onChange(mapping: ColumnMapping): void;
}) {
  const { headers, rows, kind, mapping } = props;
  const fields: readonly ImportField[] = kind === 'patients' ? PATIENT_FIELDS : [...PATIENT_FIELDS, ...APPOINTMENT_FIELDS];
  const fieldOf = (header: string) => (Object.entries(mapping.columns) as Array<[ImportField, string]>).find(([, h]) => h === header)?.[0] ?? '';

  const setField = (header: string, field: string) => {
    const columns = { ...mapping.columns };
    for (const [f, h] of Object.entries(columns) as Array<[ImportField, string]>) if (h === header) delete columns[f];
    if (field) columns[field as ImportField] = header;
    props.onChange({ ...mapping, columns });
  };

  return (
    <div data-testid="import-mapping">
      <label className="fd-row">
        <span>Dates in this file are written</span>
        <HTMLSelect
          value={mapping.dateOrder}
          onChange={(e) => props.onChange({ ...mapping, dateOrder: e.currentTarget.value as DateOrder })}
          data-testid="import-date-order"
        >
          {(Object.keys(DATE_ORDER_LABELS) as DateOrder[]).map((order) => (
            <option key={order} value={order}>
              {DATE_ORDER_LABELS[order]}
            </option>
          ))}
        </HTMLSelect>
      </label>
      <div style={{ overflowX: 'auto' }}>
        <HTMLTable className="fd-table" compact striped>
          <thead>
            <tr>
              <th>Column in the file</th>
              <th>Is imported as</th>
              <th>First rows</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((header, i) => (
              <tr key={`${header}-${i}`}>
                <td>{header}</td>
                <td>
                  <HTMLSelect value={fieldOf(header)} onChange={(e) => setField(header, e.currentTarget.value)} data-testid={`map-${header}`}>
                    <option value="">(not imported)</option>
                    {fields.map((f) => (
                      <option key={f} value={f}>
                        {FIELD_LABELS[f]}
                      </option>
                    ))}
                  </HTMLSelect>
                </td>
                <td className="fd-muted">
                  {rows
                    .slice(0, 3)
                    .map((r) => r[i] ?? '')
                    .filter((v) => v !== '')
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </div>
  );
}
