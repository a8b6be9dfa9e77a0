/*
 * The page host of the local org's Lightning pages: mounts the page's components and shows the toasts
 * that they ask for (ShowToastEvent of lightning/platformShowToastEvent) with lightning/toast.
 */
import { createElement } from "lwc";
import Toast from "lightning/toast";

function onPlatformToast(event) {
  const detail = event.detail || {};
  // lightning/toast dispatches the same event name with its own `toast` field: let those through.
  if (detail.toast) return;
  event.stopPropagation();
  Toast.show(
    {
      label: detail.title || "",
      message: detail.message || "",
      variant: detail.variant || "info",
      mode: detail.mode || "dismissible"
    },
    document.body
  );
}

/**
 * @param {HTMLElement} target where the components go
 * @param {Array<{tagName: string, ctor: Function}>} components in page order
 */
export function mount(target, components) {
  document.addEventListener("lightning__showtoast", onPlatformToast, true);
  for (const { tagName, ctor } of components) {
    const region = document.createElement("div");
    region.className = "slds-m-bottom_medium";
    region.appendChild(createElement(tagName, { is: ctor }));
    target.appendChild(region);
  }
}
