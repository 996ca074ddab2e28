import { Dialog, Input } from '@nutui/nutui-react-taro';
import { useRef, useState } from 'react';
import { useI18n } from '../i18n';

/**
 * Asks for one line of text in a dialog (a suspension reason, a new initial password): the same on WeChat and in a
 * browser, where the native modal's text input is not available. `ask` resolves to the text, or null when cancelled.
 */
export function usePrompt() {
  const { t } = useI18n();
  const [open, setOpen] = useState<{ title: string; placeholder: string; secret: boolean } | null>(null);
  const [text, setText] = useState('');
  const settle = useRef<(value: string | null) => void>(() => undefined);

  function ask(title: string, placeholder: string, secret = false): Promise<string | null> {
    setText('');
    setOpen({ title, placeholder, secret });
    return new Promise((resolve) => {
      settle.current = resolve;
    });
  }

  function close(value: string | null) {
    setOpen(null);
    settle.current(value);
  }

  const dialog = (
    <Dialog
      visible={Boolean(open)}
      title={open?.title}
      content={<Input name='prompt' type={open?.secret ? 'password' : 'text'} value={text} placeholder={open?.placeholder} onChange={setText} />}
      confirmText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onConfirm={() => close(text.trim())}
      onCancel={() => close(null)}
      onClose={() => open && close(null)}
    />
  );
  return { dialog, ask };
}
