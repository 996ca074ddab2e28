import { useRef } from 'react';

/**
 * The browser's own date input (WeChat's browser opens the phone's date wheel for it). Taro's H5 picker would join
 * the components chunk every page loads (+5 KB gzip of first load).
 */
export function DayPicker({ name, value, onPick }: { name: string; value: string; onPick: (day: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <label className='cp-date__pick'>
      📅
      <input
        ref={input}
        type='date'
        className='cp-date__native'
        value={value}
        data-testid={`pick-${name}`}
        onClick={() => input.current?.showPicker?.()}
        onChange={(event) => event.target.value && onPick(event.target.value)}
      />
    </label>
  );
}
