import { describeEveryStore } from "./every-store";
import { describeStoreContract } from "./store-contract";

// Every registered store, each over an empty backend of its own; a store
// added to the registry is tested here without a line more.
describeEveryStore("store contract", (setup) => describeStoreContract(setup));
