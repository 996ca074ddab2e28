import { View } from '@tarojs/components';
import { Tag } from '@nutui/nutui-react-taro';
import { LOCALES, type Locale } from '../../types/locale';
import { setLocale, useI18n } from '../i18n';
import { saveLocale } from '../services/session';

const NAMES: Record<Locale, string> = { 'zh-CN': '中文', 'en-US': 'English' };

/** Switches the whole client's language at once and remembers it on this device. */
export function LanguageSwitch() {
  const { locale } = useI18n();
  return (
    <View className='cp-choices cp-language' data-testid='language-switch'>
      {LOCALES.map((option) => (
        <Tag
          key={option}
          className='cp-choice'
          type={option === locale ? 'primary' : 'default'}
          plain={option !== locale}
          onClick={() => {
            saveLocale(option);
            void setLocale(option);
          }}
        >
          {NAMES[option]}
        </Tag>
      ))}
    </View>
  );
}
