import { ElMessageBox } from 'element-plus'

/**
 * Asks before something that cannot be undone (a removal, a revocation): true only when the user confirms;
 * closing or cancelling is an answer, not an error.
 */
export function confirmDanger(message: string, title: string, confirmText: string, cancelText: string): Promise<boolean> {
  return ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText: confirmText, cancelButtonText: cancelText })
    .then(() => true)
    .catch(() => false)
}
