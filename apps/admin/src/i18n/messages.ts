import { commonMessages, mergeMessages } from '@doorstep/ui'
import { zhCN } from './zh-CN.ts'
import { en } from './en.ts'

export const messages = {
  'zh-CN': mergeMessages(commonMessages['zh-CN'], zhCN),
  en: mergeMessages(commonMessages.en, en),
}
