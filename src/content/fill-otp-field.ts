import type { OtpTarget } from "./detect-otp-fields";

/**
 * Puts `code` into `target` the way typing would, so React, Vue and Angular
 * controlled inputs take it: the value is set through the native setter
 * (React tracks the last value it set through its own), then the events
 * frameworks listen for are fired. Split boxes get one character each.
 * Returns false — and changes nothing — if the user already typed something
 * else, or the field cannot hold the whole code.
 */
export function fillOtpTarget(target: OtpTarget, code: string): boolean {
  if (target.kind === "single") {
    const input = target.input;
    if (input.value !== "" && input.value !== code) return false;
    if (input.maxLength > 0 && input.maxLength < code.length) return false;
    input.focus();
    typeInto(input, code);
    return input.value === code;
  }
  const boxes = target.inputs;
  if (boxes.length !== code.length) return false;
  if (boxes.some((box, index) => box.value !== "" && box.value !== code[index])) return false;
  boxes.forEach((box, index) => {
    box.focus();
    typeInto(box, code[index] ?? "");
  });
  boxes[boxes.length - 1]?.focus();
  return boxes.every((box, index) => box.value === code[index]);
}

function typeInto(input: HTMLInputElement, text: string): void {
  const key = text.slice(-1);
  const keyInit = {
    key,
    code: /\d/.test(key) ? `Digit${key}` : `Key${key}`,
    bubbles: true,
    cancelable: true,
    composed: true,
  };
  input.dispatchEvent(new KeyboardEvent("keydown", keyInit));
  input.dispatchEvent(
    new InputEvent("beforeinput", {
      inputType: "insertText",
      data: text,
      bubbles: true,
      cancelable: true,
      composed: true,
    }),
  );
  // Looked up at fill time: touching HTMLInputElement at load costs every page ~1 ms in the isolated world.
  const valueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
  if (valueSetter) valueSetter.call(input, text);
  else input.value = text;
  input.dispatchEvent(new InputEvent("input", { inputType: "insertText", data: text, bubbles: true, composed: true }));
  input.dispatchEvent(new KeyboardEvent("keyup", keyInit));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** After a fill, presses the form's submit (only when the user turned auto-submit on). */
export function submitAfterFill(target: OtpTarget): void {
  const input = target.kind === "single" ? target.input : target.inputs[target.inputs.length - 1];
  const form = input?.form;
  if (!form) return;
  const button = form.querySelector<HTMLElement>("button[type=submit], input[type=submit], button:not([type])");
  if (button) button.click();
  else form.requestSubmit();
}
