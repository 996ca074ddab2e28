import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';

/** Unsaved work kept over a record that moved on (or can no longer be edited): what happened, and a way to drop it. */
export function KeptDraftNotice({ message, dropLabel, onDrop }: { message: string; dropLabel: string; onDrop: () => void }) {
  return (
    <View className='cp-notice' data-testid='draft-kept'>
      <Text>{message}</Text>
      <Button size='small' onClick={onDrop}>{dropLabel}</Button>
    </View>
  );
}
