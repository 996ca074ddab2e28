export { createBindingService, type BindingService } from './binding.service';
export { wechatRoutes } from './wechat.routes';
export { wechatCallbackRouter } from './callback';
