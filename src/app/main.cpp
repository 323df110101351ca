// wscd: replaced by the composition root as soon as app/ lands.
int main() { return 1; }
