// Whole conversations at tablet and desktop widths: see conversations.ts.
import { conversationsAt } from "./conversations.ts";

conversationsAt([768, 1280]);
