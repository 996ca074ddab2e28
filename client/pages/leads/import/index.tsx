import '../messages';
import { Text, View } from '@tarojs/components';
import { Button, Progress } from '@nutui/nutui-react-taro';
import { useEffect, useState } from 'react';
import { IMPORT_FIELDS, type ImportField, type LeadImport, type LeadPool } from '../../../../types/leads';
import { ChoiceField } from '../../../components/Fields';
import { PageContainer } from '../../../components/PageContainer';
import { describeError } from '../../../components/StateViews';
import { toastError } from '../../../components/toastError';
import { useI18n } from '../../../i18n';
import { DeviceError } from '../../../platform/device-error';
import { pickFile } from '../../../platform/files';
import { goTo } from '../../../services/navigation';
import { leadsApi } from '../leads-api';

const REQUIRED: ImportField[] = ['company', 'province'];
const POLL_MS = 1000;

/**
 * Bringing leads in from a spreadsheet, for upstream staff: choose the file, check how its columns map to lead
 * fields (guessed from the header), pick a pool or keep the leads, then watch the progress and take the error file.
 */
export default function LeadImportPage() {
  const { t, number } = useI18n();
  const [job, setJob] = useState<LeadImport | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string>>>({});
  const [poolId, setPoolId] = useState('');
  const [pools, setPools] = useState<LeadPool[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    leadsApi.pools().then(setPools, () => setPools([]));
  }, []);

  const running = job?.state === 'queued' || job?.state === 'running';
  // A failed poll (the network dropped) says so and tries again; the import goes on on the server meanwhile.
  const [misses, setMisses] = useState(0);
  useEffect(() => {
    if (!job || !running) return;
    const timer = setTimeout(() => {
      leadsApi.importStatus(job.id).then(setJob, (e) => {
        toastError(e);
        setMisses((n) => n + 1);
      });
    }, POLL_MS * Math.min(1 + misses, 10));
    return () => clearTimeout(timer);
  }, [job, running, misses]);

  async function choose() {
    setError(null);
    try {
      const file = await pickFile('spreadsheet');
      setBusy(true);
      const uploaded = await leadsApi.upload(file);
      setJob(uploaded);
      setMapping(Object.fromEntries(Object.entries(uploaded.suggested).map(([field, column]) => [field, String(column)])));
    } catch (e) {
      if (!(e instanceof DeviceError && e.reason === 'cancelled')) setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    if (!job) return;
    const missing = REQUIRED.filter((field) => !mapping[field]);
    if (missing.length) return setError(t('leads.import.mapRequired', { fields: missing.map((f) => t(`leads.import.field.${f}`)).join('、') }));
    setBusy(true);
    try {
      const columns = Object.fromEntries(Object.entries(mapping).filter(([, column]) => column !== '').map(([field, column]) => [field, Number(column)]));
      setJob(await leadsApi.startImport(job.id, { mapping: columns as { company: number; province: number }, ...(poolId ? { poolId } : {}) }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  }

  const columnOptions = [{ value: '', label: t('leads.import.skip') }, ...(job?.columns ?? []).map((name, index) => ({ value: String(index), label: name || `#${index + 1}` }))];
  const percent = job?.totalRows ? Math.min(100, Math.round((job.processed / job.totalRows) * 100)) : 0;
  return (
    <PageContainer requires='leads.import' title={t('leads.import')}>
      <View className='cp-card' data-testid='lead-import'>
        {!job && (
          <>
            <View className='cp-hint'>{t('leads.import.hint')}</View>
            <Button type='primary' block loading={busy} onClick={choose} data-testid='import-choose'>{t('leads.import.choose')}</Button>
          </>
        )}
        {job?.state === 'uploaded' && (
          <>
            <View className='cp-hint'>{t('leads.import.file', { name: job.filename })}</View>
            {IMPORT_FIELDS.map((field) => (
              <ChoiceField
                key={field}
                name={`map-${field}`}
                label={`${t(`leads.import.field.${field}`)}${REQUIRED.includes(field) ? ' *' : ''}`}
                value={mapping[field] ?? ''}
                onChange={(column) => setMapping((m) => ({ ...m, [field]: column }))}
                hint={mapping[field] ? t('leads.import.example', { value: job.sample[0]?.[Number(mapping[field])] ?? '' }) : undefined}
                options={columnOptions}
              />
            ))}
            <ChoiceField name='poolId' label={t('leads.import.target')} value={poolId} onChange={setPoolId} options={[{ value: '', label: t('leads.import.keep') }, ...pools.map((p) => ({ value: p.id, label: p.name }))]} />
            <Button type='primary' block loading={busy} onClick={start} data-testid='import-start'>{t('leads.import.start')}</Button>
          </>
        )}
        {job && job.state !== 'uploaded' && (
          <View data-testid='import-progress'>
            <Progress percent={job.state === 'done' ? 100 : percent} showText />
            <Text className='cp-field__hint' data-testid='import-counts'>
              {t('leads.import.counts', { processed: number(job.processed), total: job.totalRows === null ? '…' : number(job.totalRows), imported: number(job.imported), failed: number(job.failed) })}
            </Text>
            {job.state === 'done' && <View className='cp-notice'>{t('leads.import.done')}</View>}
            {job.state === 'failed' && <View className='cp-error'>{t('leads.import.failed')}</View>}
            {job.hasErrorFile && (
              <Button block fill='outline' onClick={() => leadsApi.importErrors(job.id, `${job.filename.replace(/\.\w+$/, '')}-errors.xlsx`).catch(toastError)} data-testid='import-errors'>
                {t('leads.import.errors')}
              </Button>
            )}
            {!running && <Button block fill='none' onClick={() => goTo('leads', { state: '' })}>{t('leads.title')}</Button>}
          </View>
        )}
        {error && <Text className='cp-form-error' data-testid='form-error'>{error}</Text>}
      </View>
    </PageContainer>
  );
}
