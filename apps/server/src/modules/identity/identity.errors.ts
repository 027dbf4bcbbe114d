import { defineErrors, permissionNames } from '../../platform/errors.ts'

/** A grant's reach, as the role editor says it. */
const scopeNames = {
  tenant: { zh: '全公司', en: 'company-wide' },
  project: { zh: '所属项目', en: 'in own projects' },
  own: { zh: '本人', en: 'own records' },
}

export const IdentityError = defineErrors('IdentityError', {
  INVALID_CREDENTIALS: { status: 401, zh: '账号或密码错误', en: 'Wrong login or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账号已锁定，请于 {retryAfterSeconds} 秒后再试',
    en: 'Too many failed sign-ins; try again in {retryAfterSeconds} s',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    zh: '账号已停用，请联系管理员',
    en: 'This account is disabled; contact your administrator',
  },
  SESSION_EXPIRED: {
    status: 401,
    zh: '登录已过期，请重新登录',
    en: 'Your session expired; sign in again',
  },
  WRONG_PASSWORD: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  LOGIN_TAKEN: { status: 409, zh: '登录名已被使用', en: 'That login is taken' },
  PHONE_TAKEN: {
    status: 409,
    zh: '该手机号已被其他账号使用',
    en: 'That phone number belongs to another account',
  },
  UNKNOWN_ROLE: { status: 400, zh: '角色不存在', en: 'Unknown role' },
  PROJECT_REQUIRED: {
    status: 400,
    zh: '请至少选择一个您管理的项目',
    en: 'Choose at least one of your projects',
  },
  UNKNOWN_PROJECT: {
    status: 400,
    zh: '项目不存在或不在您的管理范围内',
    en: 'Unknown project, or not one of yours',
  },
  ROLE_NAME_TAKEN: {
    status: 409,
    zh: '已有同名角色',
    en: 'A role with this name exists',
  },
  ROLE_BUILTIN: {
    status: 409,
    zh: '内置角色不能修改或删除，可新建角色继承它',
    en: 'Built-in roles cannot be changed; make a role that inherits it',
  },
  ROLE_IN_USE: {
    status: 409,
    zh: '角色仍被 {users} 个账号或 {roles} 个角色使用',
    en: 'Role still used by {users} accounts and {roles} roles',
  },
  ROLE_CYCLE: { status: 400, zh: '角色继承不能形成循环', en: 'Roles cannot inherit in a circle' },
  SCOPE_NOT_ALLOWED: {
    status: 400,
    zh: '权限 {permission} 不支持范围 {scope}',
    en: 'Permission {permission} cannot have scope {scope}',
  },
  PERMISSION_NOT_HELD: {
    status: 403,
    zh: '不能授予您自己没有的权限：{scope}范围的“{permission}”',
    en: 'You cannot grant what you do not hold: “{permission}”, {scope}',
    names: { permission: permissionNames, scope: scopeNames },
    unnamed: {
      zh: '不能授予您自己没有的权限',
      en: 'You cannot grant a permission you do not hold',
    },
  },
  PASSWORD_UNCHANGED: {
    status: 400,
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },
  LAST_ADMINISTRATOR: {
    status: 409,
    zh: '这是公司最后一位在用的系统管理员，不能停用或去掉其管理员角色；请先让另一位员工成为管理员',
    en: 'This is the company’s last active administrator: make someone else an administrator first',
  },
  TOKEN_CANNOT_MINT: {
    status: 403,
    zh: 'API 令牌不能再创建令牌，请登录管理后台创建',
    en: 'An API token cannot create tokens: sign in to the console to create one',
  },
  USER_BEYOND_SCOPE: {
    status: 403,
    zh: '该员工还属于您管理范围以外的项目，只能由管理这些项目的人修改',
    en: 'This staff member also belongs to projects outside your scope; someone who manages those must change them',
  },
  CANNOT_DISABLE_SELF: {
    status: 409,
    zh: '不能停用自己的账号',
    en: 'You cannot disable your own account',
  },
})
export type IdentityError = InstanceType<typeof IdentityError>
