import { defineErrors } from '../../platform/errors.ts'

export const FilesError = defineErrors('FilesError', {
  FILE_EMPTY: { status: 400, zh: '请选择要上传的照片', en: 'Choose a photo to upload' },
  FILE_INCOMPLETE: {
    status: 400,
    zh: '照片没有传完整，请重新上传',
    en: 'The photo did not arrive whole; upload it again',
  },
  FILE_DAMAGED: {
    status: 400,
    zh: '照片文件已损坏，无法读取，请换一张',
    en: 'The photo file is damaged and cannot be read; choose another',
  },
  FILE_TOO_LARGE: {
    status: 413,
    zh: '照片不能超过 {maxMb} MB',
    en: 'The photo must be {maxMb} MB or smaller',
  },
  FILE_TYPE_UNSUPPORTED: {
    status: 415,
    zh: '只能上传 JPG、PNG 或 WebP 格式的照片',
    en: 'Upload a JPG, PNG or WebP picture',
  },
  TOO_MANY_PENDING_UPLOADS: {
    status: 429,
    zh: '已有 {max} 张照片还没有随评价或投诉提交，请先提交，或一天后再上传',
    en: 'You already have {max} photos not yet sent with a review or complaint; send them first, or upload again in a day',
  },
  PHOTO_UNAVAILABLE: {
    status: 400,
    zh: '这张照片不存在或不能使用，请重新上传',
    en: 'This photo is not available; upload it again',
  },
})
export type FilesError = InstanceType<typeof FilesError>
