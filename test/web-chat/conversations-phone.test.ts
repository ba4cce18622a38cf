// Whole conversations at phone widths: see conversations.ts.
import { conversationsAt } from "./conversations.ts";

conversationsAt([320, 390]);
