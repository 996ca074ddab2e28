import { peopleZh } from '../../../components/people-catalog';

export default definePageConfig({ navigationBarTitleText: peopleZh['staff.edit'] });
