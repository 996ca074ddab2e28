import '../messages';
import { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { memberInput, memberPatch, type Partner } from '../../../../types/partners';
import { PARTNER_ROLES } from '../../../../types/permissions';
import { AccountEditor } from '../../../components/AccountEditor';
import { PageContainer } from '../../../components/PageContainer';
import { useI18n } from '../../../i18n';
import { api } from '../../../services/api';
import { useMe } from '../../../services/me';

export default function MemberEditPage() {
  const { t } = useI18n();
  const { id, partnerId } = useRouter().params;
  const { me } = useMe();
  const upstream = Boolean(me && !me.partner);
  const [partners, setPartners] = useState<Partner[]>([]);
  useEffect(() => {
    if (upstream && !id) api.partners.list({ limit: 100, status: 'active' }).then((page) => setPartners(page.items), () => setPartners([]));
  }, [upstream, id]);

  return (
    <PageContainer requires='members.manage' title={id ? t('members.edit') : t('members.create')}>
      <AccountEditor
        roles={PARTNER_ROLES}
        createSchema={memberInput}
        patchSchema={memberPatch}
        draftKey='member-new'
        capacity
        load={api.members.get}
        create={api.members.create}
        update={api.members.update}
        resetPassword={api.members.resetPassword}
        partnerChoice={upstream ? { options: partners.map((p) => ({ value: p.id, label: p.name })), initial: partnerId } : undefined}
      />
    </PageContainer>
  );
}
