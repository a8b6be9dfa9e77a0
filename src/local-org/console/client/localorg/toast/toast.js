/*
 * `lightning/platformShowToastEvent` for pages that the local org serves (the module is part of the
 * platform, not of the lightning-base-components npm package): the event that a component dispatches to
 * ask its container for a toast. The page host (localorg/host) shows it with lightning/toast.
 * https://developer.salesforce.com/docs/component-library/bundle/lightning-platform-show-toast-event/documentation
 */
export class ShowToastEvent extends CustomEvent {
  /**
   * @param {object} toast title, message, variant, mode, messageData
   */
  constructor(toast) {
    super("lightning__showtoast", {
      composed: true,
      cancelable: true,
      bubbles: true,
      detail: { ...(toast || {}) }
    });
  }
}
