// Keeps wsc_test_support a valid library when tests/support has no .cpp of its own.
