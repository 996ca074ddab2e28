import '../messages';
import { useRouter } from '@tarojs/taro';
import { staffInput, staffPatch } from '../../../../types/partners';
import { UPSTREAM_ROLES } from '../../../../types/permissions';
import { AccountEditor } from '../../../components/AccountEditor';
import { PageContainer } from '../../../components/PageContainer';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';

export default function StaffEditPage() {
  const { t } = useI18n();
  const { id } = useRouter().params;
  return (
    <PageContainer requires='staff.manage' title={id ? t('staff.edit') : t('staff.create')}>
      <AccountEditor
        roles={UPSTREAM_ROLES}
        createSchema={staffInput}
        patchSchema={staffPatch}
        draftKey='staff-new'
        load={api.staff.get}
        create={api.staff.create}
        update={api.staff.update}
        resetPassword={api.staff.resetPassword}
      />
    </PageContainer>
  );
}
