import './messages';
import { View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { Lead } from '../../../types/leads';
import { ChoiceField } from '../../components/Fields';
import { toastError } from '../../components/toastError';
import { useI18n } from '../../i18n';
import { api } from '../../services/api';
import { useMe } from '../../services/me';
import { useUpstreamStaff } from '../../services/reference';
import { leadsApi } from './leads-api';

type Option = { value: string; label: string };

/**
 * Whom the caller may hand a lead to: a partner admin, the members of their company; upstream staff, a colleague
 * upstream or (for a pool lead) a partner they manage, which is then offered the lead to accept.
 */
export function AssignPanel({ lead, onAssigned }: { lead: Lead; onAssigned: (lead: Lead) => void }) {
  const { t } = useI18n();
  const { me } = useMe();
  const staff = useUpstreamStaff();
  const [people, setPeople] = useState<Option[]>([]);
  const [partners, setPartners] = useState<Option[]>([]);
  const partnerId = me?.partner?.id;

  useEffect(() => {
    if (partnerId) {
      api.members.list({ partnerId, status: 'active', limit: 100 }).then((page) => setPeople(page.items.map((m) => ({ value: m.id, label: m.name }))), () => setPeople([]));
    } else if (lead.poolId) {
      api.partners.list({ status: 'active', limit: 100 }).then((page) => setPartners(page.items.map((p) => ({ value: p.id, label: p.name }))), () => setPartners([]));
    }
  }, [partnerId, lead.poolId]);

  async function assign(target: { userId: string } | { partnerId: string }) {
    try {
      onAssigned(await leadsApi.assign(lead.id, target));
    } catch (e) {
      toastError(e);
    }
  }

  const upstreamPeople = staff.map((s) => ({ value: s.id, label: s.name }));
  return (
    <View className='cp-card' data-testid='assign-panel'>
      <ChoiceField name='assignUser' label={`${t('leads.assignTo')} · ${t('leads.assign.person')}`} value={lead.ownerId ?? ''} onChange={(userId) => assign({ userId })} options={partnerId ? people : upstreamPeople} />
      {!partnerId && partners.length > 0 && (
        <ChoiceField name='assignPartner' label={`${t('leads.assignTo')} · ${t('leads.assign.partner')}`} value={lead.partnerId ?? ''} onChange={(id) => assign({ partnerId: id })} options={partners} />
      )}
    </View>
  );
}
