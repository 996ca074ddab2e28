import { View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import { chinaDayIn } from '../services/calendar';
import { DayPicker } from './DayPicker';
import { Field } from './Fields';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day as YYYY-MM-DD: typed, or chosen with the platform's date picker, which opens on the day typed, else today in China. */
export function DateField(props: { name: string; label: string; value: string; onChange: (value: string) => void; error?: string; hint?: string; required?: boolean }) {
  return (
    <Field name={props.name} label={props.label} error={props.error} hint={props.hint} required={props.required}>
      <View className='cp-date'>
        <Input name={props.name} type='text' value={props.value} placeholder='YYYY-MM-DD' onChange={props.onChange} />
        <DayPicker name={props.name} value={DAY.test(props.value.trim()) ? props.value.trim() : chinaDayIn(0)} onPick={props.onChange} />
      </View>
    </Field>
  );
}
