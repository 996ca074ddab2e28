import { Text, View } from '@tarojs/components';
import { Button, Input, Tag } from '@nutui/nutui-react-taro';
import { createContext, useContext, type ReactNode } from 'react';
import { useI18n } from '../i18n';

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
  name: string;
  /** Marks the label; by default, whether the enclosing form's `RequiredFields` name this field. */
  required?: boolean;
}

/** The fields a form refuses blank (see useForm's `required`), so each is marked before anyone is refused. */
export const RequiredFields = createContext<ReadonlySet<string>>(new Set());

/** One labelled row: the label (marked when the field is required), the control, and the hint or the error under it. */
export function Field({ label, error, hint, children, name, required }: FieldProps) {
  const marked = useContext(RequiredFields).has(name) || required === true;
  return (
    <View className={`cp-field${error ? ' cp-field--error' : ''}`} data-field={name} data-required={marked || undefined}>
      <Text className={`cp-field__label${marked ? ' cp-field__label--required' : ''}`}>{label}</Text>
      <View className='cp-field__control'>{children}</View>
      {error ? <Text className='cp-field__error'>{error}</Text> : hint ? <Text className='cp-field__hint'>{hint}</Text> : null}
    </View>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
  type?: 'text' | 'password' | 'number' | 'digit' | 'tel';
  disabled?: boolean;
  required?: boolean;
}) {
  return (
    <Field name={props.name} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <Input
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder ?? ''}
        disabled={props.disabled}
        onChange={props.onChange}
      />
    </Field>
  );
}

/** A few choices as tappable tags: works the same in WeChat and a browser, and shows every option at once. */
export function Choices(props: { value: string; options: { value: string; label: string }[]; onChange: (value: string) => void }) {
  return (
    <View className='cp-choices'>
      {props.options.map((option) => (
        <Tag
          key={option.value}
          className='cp-choice'
          type={option.value === props.value ? 'primary' : 'default'}
          plain={option.value !== props.value}
          onClick={() => props.onChange(option.value)}
        >
          {option.label}
        </Tag>
      ))}
    </View>
  );
}

/** Choices under a label (a row of a form). */
export function ChoiceField(props: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  required?: boolean;
}) {
  return (
    <Field name={props.name} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <Choices value={props.value} options={props.options} onChange={props.onChange} />
    </Field>
  );
}

/** Any number of choices, each tag toggling on and off. */
export function MultiChoiceField(props: {
  name: string;
  label: string;
  values: string[];
  options: { value: string; label: string }[];
  onChange: (values: string[]) => void;
  error?: string;
  hint?: string;
}) {
  return (
    <Field name={props.name} label={props.label} error={props.error} hint={props.hint}>
      <View className='cp-choices'>
        {props.options.map((option) => {
          const on = props.values.includes(option.value);
          return (
            <Tag
              key={option.value}
              className='cp-choice'
              type={on ? 'primary' : 'default'}
              plain={!on}
              onClick={() => props.onChange(on ? props.values.filter((v) => v !== option.value) : [...props.values, option.value])}
            >
              {option.label}
            </Tag>
          );
        })}
      </View>
    </Field>
  );
}

export function FormActions({ submitting, onSubmit, label, error }: { submitting: boolean; onSubmit: () => void; label?: string; error?: string | null }) {
  const { t } = useI18n();
  return (
    <View className='cp-form-actions'>
      {error && <Text className='cp-form-error' data-testid='form-error'>{error}</Text>}
      <Button type='primary' block loading={submitting} onClick={onSubmit}>
        {label ?? t('common.save')}
      </Button>
    </View>
  );
}
