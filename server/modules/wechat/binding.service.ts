import type { WechatApp as WechatAppView, WechatAppInput } from '../../../types/wechat';
import { AppError, invalid } from '../../core/errors';
import type { Sealer } from '../../core/secrets';
import { audit } from '../audit';
import { WechatApp, type WechatAppDoc } from './wechat-app.model';

function view(doc: WechatAppDoc): WechatAppView {
  return {
    appId: doc._id,
    kind: doc.kind,
    name: doc.name,
    messageMode: doc.messageMode,
    templates: doc.templates ?? {},
    appSecretSet: Boolean(doc.appSecretSealed),
    tokenSet: Boolean(doc.tokenSealed),
    encodingAESKeySet: Boolean(doc.encodingAESKeySealed),
    callbackPath: doc.kind === 'official' ? `/wechat/${doc._id}` : null,
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export type BindingService = ReturnType<typeof createBindingService>;

/** The tenant's WeChat apps: bound, changed and unbound by upstream admins; secrets sealed and write-only. */
export function createBindingService(sealer: Sealer) {
  async function list(): Promise<WechatAppView[]> {
    const docs = await WechatApp.find({}).sort({ kind: 1, _id: 1 }).lean<WechatAppDoc[]>();
    return docs.map(view);
  }

  async function put(appId: string, input: WechatAppInput): Promise<WechatAppView> {
    const existing = await WechatApp.findOne({ _id: appId }).lean<WechatAppDoc>();
    if (existing && existing.kind !== input.kind) throw invalid([{ path: 'body.kind', code: 'immutable', message: 'wechat_kind_fixed' }]);
    const missing = [
      !existing && !input.appSecret ? 'appSecret' : null,
      input.kind === 'official' && !existing?.tokenSealed && !input.token ? 'token' : null,
      input.kind === 'official' && input.messageMode === 'safe' && !existing?.encodingAESKeySealed && !input.encodingAESKey ? 'encodingAESKey' : null,
    ].filter((field): field is string => Boolean(field));
    if (missing.length) throw invalid(missing.map((field) => ({ path: `body.${field}`, code: 'required', message: 'required' })));

    const changes = {
      kind: input.kind,
      name: input.name,
      messageMode: input.messageMode,
      templates: input.templates,
      ...(input.appSecret ? { appSecretSealed: sealer.seal(input.appSecret) } : {}),
      ...(input.token ? { tokenSealed: sealer.seal(input.token) } : {}),
      ...(input.encodingAESKey ? { encodingAESKeySealed: sealer.seal(input.encodingAESKey) } : {}),
    };
    let doc: WechatAppDoc;
    if (existing) {
      doc = (await WechatApp.findOneAndUpdate({ _id: appId }, { $set: changes }, { new: true }).lean<WechatAppDoc>())!;
    } else {
      try {
        doc = (await WechatApp.create({ _id: appId, ...changes })).toObject();
      } catch (error) {
        // appIds are global: this one is bound by another tenant.
        if ((error as { code?: number }).code === 11000) throw new AppError(409, 'resource.duplicate', 'This appId is bound to another company');
        throw error;
      }
    }
    const secretsChanged = ['appSecret', 'token', 'encodingAESKey'].filter((field) => input[field as keyof WechatAppInput]);
    await audit(existing ? 'wechat.update' : 'wechat.bind', { type: 'wechat', id: appId }, { ...pick(existing), secrets: [] }, { ...pick(doc), secrets: secretsChanged }, [
      'name',
      'messageMode',
      'templates',
      'secrets',
    ]);
    return view(doc);
  }

  async function remove(appId: string): Promise<void> {
    const doc = await WechatApp.findOneAndDelete({ _id: appId }).lean<WechatAppDoc>();
    if (!doc) throw new AppError(404, 'resource.not_found');
    await audit('wechat.unbind', { type: 'wechat', id: appId }, { bound: true }, { bound: false }, ['bound']);
  }

  /**
   * An app's secrets for the server's own use (token fetches, callback checks); never for an API answer. Looked up
   * by appId alone, across tenants: a callback arrives before we know whose it is, and the appId tells.
   */
  async function secretsOfApp(appId: string) {
    const doc = await WechatApp.collection.findOne({ _id: appId as never });
    if (!doc) return null;
    return {
      tenantId: doc.tenantId.toHexString(),
      kind: doc.kind,
      messageMode: doc.messageMode,
      appSecret: sealer.open(doc.appSecretSealed),
      token: doc.tokenSealed ? sealer.open(doc.tokenSealed) : null,
      encodingAESKey: doc.encodingAESKeySealed ? sealer.open(doc.encodingAESKeySealed) : null,
    };
  }

  return { list, put, remove, secretsOfApp };
}

const pick = (doc: WechatAppDoc | null) => (doc ? { name: doc.name, messageMode: doc.messageMode, templates: doc.templates } : {});
