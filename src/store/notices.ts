/** A visible, non-blocking message for the user: bad input, a refused action. */
export interface Notice {
  id: number;
  tone: "info" | "warning";
  text: string;
}
