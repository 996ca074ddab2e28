import { Picker, Text } from '@tarojs/components';

/** WeChat's own date wheel, in the phone's language. */
export function DayPicker({ value, onPick }: { name: string; value: string; onPick: (day: string) => void }) {
  return (
    <Picker mode='date' value={value} onChange={(event) => onPick(String(event.detail.value))}>
      <Text className='cp-date__pick'>📅</Text>
    </Picker>
  );
}
