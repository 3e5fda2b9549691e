import { useId } from 'react';

interface NumberFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  disabled?: boolean;
  placeholder?: string;
  hint?: string;
}

/** A labelled text box for a number, with its validation message beside it. */
export function NumberField({ label, value, onChange, error, disabled, placeholder, hint }: NumberFieldProps) {
  const id = useId();
  const messageId = `${id}-message`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || hint ? messageId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <p id={messageId} className="field-error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p id={messageId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
