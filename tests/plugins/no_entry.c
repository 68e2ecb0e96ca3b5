/* A shared object in the plugin directory that is not a casebook plugin at all. */
__attribute__((visibility("default"))) int not_a_plugin(void);

int not_a_plugin(void)
{
	return 42;
}
