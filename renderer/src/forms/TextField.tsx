import { FormGroup, InputGroup, Intent } from '@blueprintjs/core';
import { useId, type HTMLInputTypeAttribute } from 'react';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  onBlur?(): void;
  error?: string | undefined;
  helper?: string;
  testId: string;
  type?: HTMLInputTypeAttribute;
  autoFocus?: boolean;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  autoComplete?: string;
  inline?: boolean;
  /** Suggestions the browser offers as staff type (searchable, ↓/↑/Enter). */
  suggestions?: readonly string[];
}

/** A labelled text input with its inline error underneath. */
export function TextField(props: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <FormGroup
      label={props.label}
      labelFor={id}
      labelInfo={props.required ? '(required)' : undefined}
      intent={props.error ? Intent.DANGER : Intent.NONE}
      helperText={props.error ? <span id={errorId} data-testid={`${props.testId}-error`}>{props.error}</span> : props.helper}
      inline={props.inline}
    >
      <InputGroup
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        onValueChange={(value) => props.onChange(value)}
        onBlur={props.onBlur}
        intent={props.error ? Intent.DANGER : Intent.NONE}
        autoFocus={props.autoFocus}
        disabled={props.disabled}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        data-testid={props.testId}
        list={props.suggestions ? `${id}-list` : undefined}
      />
      {props.suggestions && (
        <datalist id={`${id}-list`}>
          {props.suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </FormGroup>
  );
}
