/** The Chinese catalogue, so browser tests find and expect the words users see without copying them. */
import { admin } from '../../../web/src/lib/i18n/zh-CN/admin';
import { common } from '../../../web/src/lib/i18n/zh-CN/common';
import { field } from '../../../web/src/lib/i18n/zh-CN/field';

/** Screen strings of the sections browser tests use. */
export const zh = { ...common, ...field, ...admin };
