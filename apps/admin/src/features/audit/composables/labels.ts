import { useI18n } from 'vue-i18n'

interface Translator {
  t: (key: string) => string
  te: (key: string) => boolean
}

/**
 * Audit actions and the domain events behind notices share their codes (`order.assigned`, `plan.created`),
 * so one map names both: in the audit log, the dashboard's recent activity and the notification log. A code
 * the console has no words for yet (a newer server) is shown as it is.
 */
export function auditLabels({ t, te }: Translator) {
  const named = (key: string, code: string) => (te(key) ? t(key) : code)
  // A complaint's steps are named once, as its queue names them (the action `complaint.filed` is the step `file`).
  const complaintStep = (code: string) => {
    const step = /^complaint\.(\w+)$/.exec(code)?.[1]
    return step && `complaints.events.${step === 'filed' ? 'file' : step}`
  }
  return {
    action: (code: string) => {
      const step = complaintStep(code)
      return step && te(step) ? t(step) : named(`audit.actions.${code}`, code)
    },
    entityType: (type: string) => named(`audit.entityTypes.${type}`, type),
  }
}

export function useAuditLabels() {
  return auditLabels(useI18n())
}
